"""The memory outside torch's allocator: context, cuBLAS/cuBLASLt workspaces, lazily loaded kernels."""
import json, sys, torch, torch.nn.functional as F
out = sys.argv[1]; M = []
def mark(label):
    torch.cuda.synchronize(); free, total = torch.cuda.mem_get_info()
    M.append(dict(label=label, used=total - free, reserved=torch.cuda.memory_reserved(), allocated=torch.cuda.memory_allocated()))
mark("before_init"); torch.zeros(1, device="cuda"); mark("context")
for dt in (torch.bfloat16, torch.float16, torch.float32):
    a = torch.randn(4096, 4096, device="cuda", dtype=dt); c = a @ a; mark(f"matmul_{dt}")
    c = F.linear(a[:7], a); mark(f"linear_small_{dt}")
    q = torch.randn(2, 8, 1024, 128, device="cuda", dtype=dt)
    F.scaled_dot_product_attention(q, q, q, is_causal=True); mark(f"sdpa_causal_{dt}")
    m = torch.ones(1024, 1024, device="cuda", dtype=torch.bool).tril()
    F.scaled_dot_product_attention(q, q, q, attn_mask=m); mark(f"sdpa_mask_{dt}")
    F.silu(a); F.gelu(a); torch.softmax(a.float(), -1); a.float().pow(2).mean(-1); mark(f"elementwise_{dt}")
    del a, c, q, m
json.dump(dict(marks=M, torch=torch.__version__), open(out, "w"), indent=1)
print("probe ok")
