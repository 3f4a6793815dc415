"""Measures one transformers generate run the way src/test/resources/estimate/runs/*/run.json records it.

Random weights built from config.json (no download), greedy generate with the default DynamicCache,
torch allocator marks at each phase, and an nvidia-smi trace at 100 ms taken by a background process.
Usage: python3 measure_generate.py CONFIG_DIR CASE BATCH INPUT_LEN OUTPUT_LEN OUT_DIR
"""
import json, os, subprocess, sys, time

config_dir, case, batch, input_len, output_len, out_root = sys.argv[1:7]
batch, input_len, output_len = int(batch), int(input_len), int(output_len)
out_dir = os.path.join(out_root, case)
os.makedirs(out_dir, exist_ok=True)
smi_fields = "timestamp,index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,utilization.memory"
smi_out = open(os.path.join(out_dir, "nvidia-smi.csv"), "w")
smi = subprocess.Popen(["nvidia-smi", "--query-gpu=" + smi_fields, "--format=csv", "-lms", "100"], stdout=smi_out)
time.sleep(1.0)  # a few idle samples before the process touches the GPU

import torch
from transformers import AutoConfig, AutoModelForCausalLM
import transformers

marks = []
def mark(label):
    torch.cuda.synchronize()
    marks.append({"t": time.time(), "label": label, "allocated": torch.cuda.memory_allocated(),
                  "reserved": torch.cuda.memory_reserved(), "max_allocated": torch.cuda.max_memory_allocated()})

config = AutoConfig.from_pretrained(config_dir)
dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}[str(config.torch_dtype).replace("torch.", "")]
torch.cuda.init()
mark("start")
with torch.device("cuda"):
    model = AutoModelForCausalLM.from_config(config, torch_dtype=dtype)
model.eval()
mark("weights_loaded")
ids = torch.randint(100, min(config.vocab_size, 30000), (batch, input_len), device="cuda")
t0 = time.time()
with torch.no_grad():
    out = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=output_len,
                         min_new_tokens=output_len, do_sample=False, pad_token_id=0)
seconds = time.time() - t0
mark("generated")
generated = out.shape[1] - input_len
num_parameters = sum(p.numel() for p in model.parameters())
del out, model
torch.cuda.empty_cache()
mark("freed")
time.sleep(1.0)
apps = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,process_name,used_gpu_memory,gpu_uuid",
                       "--format=csv"], capture_output=True, text=True).stdout
smi.terminate(); smi.wait(); smi_out.close()
open(os.path.join(out_dir, "compute-apps.csv"), "w").write(apps)
gpu = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                     capture_output=True, text=True).stdout.strip()
with open(os.path.join(config_dir, "config.json")) as f:
    open(os.path.join(out_dir, "config.json"), "w").write(f.read())
json.dump({"case": case, "batch": batch, "input_len": input_len, "output_len": output_len,
           "generated_tokens": int(generated), "dtype": str(dtype),
           "num_parameters": num_parameters,
           "generate_seconds": seconds, "marks": marks,
           "engine": f"transformers {transformers.__version__} / torch {torch.__version__} (generate, greedy, DynamicCache), random weights built from config.json",
           "gpu": gpu, "smi_trace": "nvidia-smi.csv", "compute_apps": "compute-apps.csv",
           "note": "marks: torch.cuda memory_allocated / memory_reserved / max_memory_allocated in bytes at each phase; one fresh python process per case"},
          open(os.path.join(out_dir, "run.json"), "w"), indent=1)
