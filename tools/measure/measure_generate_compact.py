import json,os,subprocess as S,sys,time
c,case,b,i,o,R=sys.argv[1:7];b,i,o=int(b),int(i),int(o);d=R+'/'+case;os.makedirs(d)
t,h,F,L,A,K,V,Q,D,H=c.split(',');j=dict(model_type=t,hidden_size=int(h),intermediate_size=int(F),num_hidden_layers=int(L),num_attention_heads=int(A),num_key_value_heads=int(K),vocab_size=int(V),tie_word_embeddings=Q=='1',torch_dtype=D,max_position_embeddings=8192,rms_norm_eps=1e-5)
if H!='0':j['head_dim']=int(H)
c=d+'/cfg';os.makedirs(c);json.dump(j,open(c+'/config.json','w'))
f=open(d+'/nvidia-smi.csv','w');p=S.Popen(['nvidia-smi','--query-gpu=timestamp,index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,utilization.memory','--format=csv','-lms','100'],stdout=f);time.sleep(1)
import torch,transformers as T
M=[]
def m(l):
 torch.cuda.synchronize();M.append(dict(t=time.time(),label=l,allocated=torch.cuda.memory_allocated(),reserved=torch.cuda.memory_reserved(),max_allocated=torch.cuda.max_memory_allocated()))
cf=T.AutoConfig.from_pretrained(c);dt=getattr(torch,D);torch.set_default_dtype(dt);torch.cuda.init();m('start')
with torch.device('cuda'):md=T.AutoModelForCausalLM.from_config(cf)
md.eval();m('weights_loaded');x=torch.randint(100,30000,(b,i),device='cuda');t=time.time()
with torch.no_grad():y=md.generate(x,attention_mask=torch.ones_like(x),max_new_tokens=o,min_new_tokens=o,do_sample=False,pad_token_id=0)
s=time.time()-t;m('generated');n=sum(q.numel() for q in md.parameters());g=y.shape[1]-i;del y,md;torch.cuda.empty_cache();m('freed');time.sleep(1)
p.terminate();p.wait();f.close()
os.rename(c+'/config.json',d+'/config.json');os.rmdir(c)
G=S.run(['nvidia-smi','--query-gpu=name,memory.total,driver_version','--format=csv,noheader'],capture_output=True,text=True).stdout.strip()
json.dump(dict(case=case,batch=b,input_len=i,output_len=o,generated_tokens=g,dtype=str(dt),num_parameters=n,generate_seconds=s,marks=M,engine=f'transformers {T.__version__} / torch {torch.__version__}',gpu=G),open(d+'/run.json','w'),indent=1)
