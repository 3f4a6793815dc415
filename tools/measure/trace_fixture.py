# compact large-pool trace: "A id size" / "F id" / "M label reserved_large_pool_bytes"
import gzip, sys
MIB=1<<20
src, dst = sys.argv[1], sys.argv[2]
ids={}; n=0; res=0; out=[]
for line in gzip.open(src,'rt'):
    if line.startswith('#'): continue
    p=line.split()
    if p[0]=='M': out.append('M %s %d' % (p[1], res)); continue
    size=int(p[1]); addr=int(p[2])
    if p[0]=='S': res+=size; continue
    if p[0]=='X': res-=size; continue
    if size<=MIB: continue
    if p[0]=='A': n+=1; ids[addr]=n; out.append('A %d %d' % (n, size))
    elif p[0]=='F' and addr in ids: out.append('F %d' % ids.pop(addr))
open(dst,'w').write('# large-pool allocations of a recorded transformers generate (torch.cuda.memory._record_memory_history, H200):\n# A id block_bytes | F id | M mark reserved_large_pool_bytes\n' + '\n'.join(out) + '\n')
