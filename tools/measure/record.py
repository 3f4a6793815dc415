"""One transformers generate run per process: random weights from config.json, greedy, default cache.
Records torch allocator figures per phase (start, context, weights, prefill, each decode step where reserved
changes, generated), cudaMemGetInfo at each mark, allocator stats, and an nvidia-smi trace at 100 ms.
Usage: record.py CONFIG_DIR CASE DTYPE BATCH INPUT_LEN OUTPUT_LEN OUT_ROOT"""
import json, os, subprocess as S, sys, time
cfg_dir, case, dtn, b, i, o, root = sys.argv[1:8]
b, i, o = int(b), int(i), int(o)
d = os.path.join(root, case); os.makedirs(d, exist_ok=True)
smi_f = open(d + "/nvidia-smi.csv", "w")
smi = S.Popen(["nvidia-smi", "--query-gpu=timestamp,index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,utilization.memory",
               "--format=csv", "-lms", "100"], stdout=smi_f)
time.sleep(0.5)
import torch, transformers as T
M = []
def mark(label, **extra):
    torch.cuda.synchronize()
    free, total = torch.cuda.mem_get_info()
    M.append(dict(label=label, t=time.time(), allocated=torch.cuda.memory_allocated(), reserved=torch.cuda.memory_reserved(),
                  max_allocated=torch.cuda.max_memory_allocated(), device_used=total - free, **extra))
dt = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}[dtn]
torch.cuda.init(); torch.zeros(1, device="cuda"); mark("context")
cf = T.AutoConfig.from_pretrained(cfg_dir)
torch.set_default_dtype(dt)
with torch.device("cuda"):
    md = T.AutoModelForCausalLM.from_config(cf, dtype=dt)
md.eval(); torch.set_default_dtype(torch.float32)
mark("weights_loaded")
x = torch.randint(100, 30000, (b, i), device="cuda")
steps = []
class Probe(T.LogitsProcessor):
    def __call__(self, ids, scores):
        n = ids.shape[1] - i
        r = torch.cuda.memory_reserved()
        if n == 0:
            mark("prefill", scores_dtype=str(scores.dtype), scores_shape=list(scores.shape))
            torch.cuda.reset_peak_memory_stats()
        elif not steps or steps[-1][1] != r or n == o - 1:
            free, total = torch.cuda.mem_get_info()
            steps.append([n, r, torch.cuda.memory_allocated(), torch.cuda.max_memory_allocated(), total - free])
        return scores
torch.cuda.reset_peak_memory_stats()
t0 = time.time()
with torch.no_grad():
    y = md.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=o, min_new_tokens=o, do_sample=False,
                    pad_token_id=0, logits_processor=T.LogitsProcessorList([Probe()]))
sec = time.time() - t0
mark("generated")
st = torch.cuda.memory_stats()
keep = {k: v for k, v in st.items() if k.startswith(("reserved_bytes.", "allocated_bytes.", "segment.", "num_alloc_retries", "num_ooms", "requested_bytes.all"))
        and (k.endswith(".peak") or k.endswith(".current"))}
n_params = sum(q.numel() for q in md.parameters())
attn = getattr(md.config, "_attn_implementation", None)
cache = type(getattr(y, "past_key_values", None)).__name__
g = y.shape[1] - i
del y, md; torch.cuda.empty_cache(); mark("freed")
time.sleep(0.4); smi.terminate(); smi.wait(); smi_f.close()
S.run(["cp", cfg_dir + "/config.json", d + "/config.json"])
gpu = S.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"], capture_output=True, text=True).stdout.strip()
json.dump(dict(case=case, batch=b, input_len=i, output_len=o, generated_tokens=int(g), dtype=str(dt), num_parameters=n_params,
               attn_implementation=attn, generate_seconds=sec, marks=M, decode_steps=steps, allocator_stats=keep,
               engine=f"transformers {T.__version__} / torch {torch.__version__} (generate, greedy, default cache), random weights built from config.json, one process per run",
               gpu=gpu, note="marks: torch.cuda memory_allocated / memory_reserved / max_memory_allocated and cudaMemGetInfo used bytes; "
               "prefill mark's max_allocated is the prefill peak (peak reset before generate and after prefill); "
               "decode_steps: [new tokens so far, reserved, allocated, max_allocated since prefill, device used] where reserved changed"),
          open(d + "/run.json", "w"), indent=1)
print(case, "ok", round(sec, 1), "s")
