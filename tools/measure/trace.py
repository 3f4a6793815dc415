"""Allocation trace of one transformers generate run (random weights, greedy, default cache), fresh process.
torch.cuda.memory._record_memory_history from before the weights to the start of decode step STOP; writes every
large-pool event (alloc / free_completed / segment_alloc / segment_free, >= 1 MiB) with the innermost
transformers/torch python frames, and a marker line at every logits-processor call (after each forward).
Usage: trace.py CONFIG_DIR CASE DTYPE BATCH INPUT_LEN OUTPUT_LEN OUT_ROOT [LAYERS]"""
import gzip, json, os, sys, time
cfg_dir, case, dtn, b, i, o, root = sys.argv[1:8]
layers = int(sys.argv[8]) if len(sys.argv) > 8 else 0
b, i, o = int(b), int(i), int(o)
import torch, transformers as T
dt = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}[dtn]
torch.cuda.init(); torch.zeros(1, device="cuda")
cf = T.AutoConfig.from_pretrained(cfg_dir)
if layers:
    cf.num_hidden_layers = layers
nostack = os.environ.get("NOSTACK") == "1"
if nostack:
    torch.cuda.memory._record_memory_history(max_entries=3_000_000, context=None)
else:
    torch.cuda.memory._record_memory_history(max_entries=2_000_000, stacks="python")
torch.set_default_dtype(dt)
with torch.device("cuda"):
    md = T.AutoModelForCausalLM.from_config(cf, dtype=dt)
md.eval(); torch.set_default_dtype(torch.float32)
marks = []
snap = {}
def mark(label):
    torch.cuda.synchronize()
    marks.append(dict(label=label, allocated=torch.cuda.memory_allocated(), reserved=torch.cuda.memory_reserved(),
                      max_allocated=torch.cuda.max_memory_allocated()))
    # small-pool marker (under 1 MiB: the large pool is not disturbed); found by this function's name
    x = torch.empty(4096 + len(marks), dtype=torch.uint8, device="cuda"); del x
mark("weights_loaded")
x = torch.randint(100, 30000, (b, i), device="cuda")
class Probe(T.LogitsProcessor):
    def __call__(self, ids, scores):
        n = ids.shape[1] - i
        mark("after_forward_%d" % n)
        if n == o - 1 and not snap:
            snap["s"] = torch.cuda.memory._snapshot()
            torch.cuda.memory._record_memory_history(enabled=None)
        return scores
torch.cuda.reset_peak_memory_stats()
with torch.no_grad():
    y = md.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=o, min_new_tokens=o, do_sample=False,
                    pad_token_id=0, logits_processor=T.LogitsProcessorList([Probe()]))
mark("generated")
s = snap["s"]
def frames(e):
    out = []
    for f in e.get("frames", []):
        fn = f.get("filename", "")
        if "/transformers/" in fn or "torch/nn/" in fn or fn.endswith("trace.py"):
            out.append("%s:%d:%s" % (fn.split("/transformers/")[-1].split("torch/nn/")[-1], f.get("line", 0), f.get("name", "")))
        if len(out) == 5:
            break
    return " < ".join(out)
d = os.path.join(root, case); os.makedirs(d, exist_ok=True)
n_ev = 0
with gzip.open(d + "/events.txt.gz", "wt") as w:
    w.write("# action size addr frames (innermost first); M = marker after a forward pass\n")
    mi = 0
    for e in s["device_traces"][0]:
        a = e["action"]; sz = e.get("size", 0)
        fr = frames(e)
        if a == "alloc" and "mark" in fr and sz < (1 << 20):
            w.write("M %s\n" % (marks[mi]["label"] if mi < len(marks) else "?")); mi += 1; continue
        if a not in ("alloc", "free_completed", "segment_alloc", "segment_free"):
            continue
        if sz < (1 << 20) or (a.startswith("segment") and sz == (2 << 20)):
            continue
        w.write("%s %d %d %s\n" % ({"alloc": "A", "free_completed": "F", "segment_alloc": "S", "segment_free": "X"}[a], sz, e["addr"], fr)); n_ev += 1
st = torch.cuda.memory_stats()
json.dump(dict(case=case, batch=b, input_len=i, output_len=o, layers=cf.num_hidden_layers, dtype=str(dt), marks=marks,
               experts_implementation=getattr(md.config, "_experts_implementation", None),
               attn_implementation=getattr(md.config, "_attn_implementation", None),
               reserved_peak=st.get("reserved_bytes.all.peak"), allocated_peak=st.get("allocated_bytes.all.peak"),
               versions="transformers %s torch %s" % (T.__version__, torch.__version__)), open(d + "/trace.json", "w"), indent=1)
print(case, "events", n_ev)
