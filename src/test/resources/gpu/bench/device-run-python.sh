#!/usr/bin/env bash
# What actually ran on the H200 for docs/PERFORMANCE.md "## GPU sampling": the tool side of the benchmark
# (long-lived nvidia-smi -lms vs one nvidia-smi per sample; child CPU from getrusage(RUSAGE_CHILDREN)) and the
# fresh torch trace. No Java there (see device-run.sh for why the jlinked JRE could not travel).
(nvidia-smi -L;nproc;grep -m1 'model name' /proc/cpuinfo;nvidia-smi --query-gpu=driver_version --format=csv,noheader)>$OUT/machine.txt 2>&1
python3 - >$OUT/bench.txt 2>&1 <<'P'
import subprocess as sp,time,resource as R
Q=['nvidia-smi','--query-gpu=index,uuid,memory.used,memory.total,memory.reserved,utilization.gpu,power.draw,name','--format=csv,noheader,nounits']
def ch():
 r=R.getrusage(R.RUSAGE_CHILDREN);return (r.ru_utime+r.ru_stime)*1000
print('mode interval_ms lines lines_per_s child_cpu_ms cpu_ms_per_line core_pct')
for ms in (100,50,20,10):
 c0=ch();t0=time.time();p=sp.Popen(Q+['-lms',str(ms)],stdout=sp.PIPE,text=True);n=0
 while time.time()-t0<6:
  p.stdout.readline();n+=1
 p.terminate();p.wait();w=time.time()-t0;c=ch()-c0
 print('long-lived',ms,n,round(n/w,1),round(c),round(c/n,3),round(c/w/10,2))
for ms in (100,0):
 c0=ch();t0=time.time();n=0
 while time.time()-t0<6:
  s=time.time();n+=len(sp.run(Q,capture_output=True,text=True).stdout.splitlines());d=ms/1000-(time.time()-s)
  if d>0:time.sleep(d)
 w=time.time()-t0;c=ch()-c0
 print('spawn-each',ms,n,round(n/w,1),round(c),round(c/n,3),round(c/w/10,2))
P
nvidia-smi --query-gpu=timestamp,index,uuid,name,memory.total,memory.used,memory.free,memory.reserved,utilization.gpu,power.draw --format=csv,nounits -lms 100 >$OUT/torch-steps.csv & S=$!
sleep 1
python3 - >$OUT/torch.txt 2>&1 <<'P'
import torch,time
x=[]
for i in range(8):
 x.append(torch.empty(1<<30,dtype=torch.uint8,device='cuda'));torch.cuda.synchronize();print('alloc',i+1,'GiB',time.time(),flush=True);time.sleep(1)
del x;torch.cuda.empty_cache();print('freed',time.time(),flush=True);time.sleep(1)
P
sleep 1;kill $S
