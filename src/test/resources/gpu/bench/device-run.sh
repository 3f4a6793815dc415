#!/usr/bin/env bash
# The Java variant of the GPU-machine run (JRE made with jlink, see the common brief). Carry: target/jre
# target/classes target/test-classes target/cli-deps; results go to $OUT. It could NOT run this session: the device
# tool copies the session checkout (/work/main), not this worktree, so target/jre was "not_carried". What ran
# instead is device-run-python.sh beside this file.
set -u
J=target/jre/bin/java
CLI=(target/jre/bin/java -cp 'target/classes:target/cli-deps/*' dev.memlens.MemLens)
{ nvidia-smi -L; nproc; grep -m1 'model name' /proc/cpuinfo; nvidia-smi --query-gpu=driver_version --format=csv,noheader; } > "$OUT/machine.txt" 2>&1
"$J" -cp 'target/classes:target/test-classes:target/cli-deps/*' dev.memlens.bench.GpuSamplerBench \
    --seconds 6 --intervals 100,50,20,10 --spawn-intervals 100,0 > "$OUT/bench.txt" 2>&1
# A fresh trace during GPU activity: torch allocates 1 GiB steps, holds, frees.
nvidia-smi --query-gpu=timestamp,index,uuid,name,memory.total,memory.used,memory.free,memory.reserved,utilization.gpu,power.draw \
    --format=csv,nounits -lms 100 > "$OUT/torch-steps-nvidia-smi.csv" 2>&1 &
SMI=$!
"${CLI[@]}" sample --interval-ms 50 --duration 20 --output "$OUT/torch-steps-memlens.csv" 2> "$OUT/sample-stderr.txt" &
SAM=$!
sleep 1.5
python3 -c "
import torch, time
xs = []
for i in range(8):
    xs.append(torch.empty(1 << 30, dtype=torch.uint8, device='cuda')); torch.cuda.synchronize()
    print('allocated', i + 1, 'GiB at', time.time(), flush=True); time.sleep(1)
del xs; torch.cuda.empty_cache(); print('freed at', time.time(), flush=True); time.sleep(1)
" > "$OUT/torch-steps-python.txt" 2>&1
sleep 1.5
kill $SMI
wait $SAM
"${CLI[@]}" trace "$OUT/torch-steps-nvidia-smi.csv" > "$OUT/trace-nvidia-smi.txt" 2>&1
"${CLI[@]}" trace "$OUT/torch-steps-nvidia-smi.csv" --json > "$OUT/trace-nvidia-smi.json" 2>&1
"${CLI[@]}" trace "$OUT/torch-steps-memlens.csv" > "$OUT/trace-memlens.txt" 2>&1
echo done
