import sys

SEEN=[]
def populate_arg_parser(parser):
  parser.add_argument('--names',default='a,b')
  parser.add_argument('--minsize',type=int,default=2)
async def main(workflow,**params):
  names=[n.strip() for n in params['names'].split(',') if n.strip()]
  runs=await workflow.label.createTask(name=names)
  groups={}
  for r,j in runs:
    groups.setdefault(r.y,[]).append(j.name);SEEN.append(r.text)  # noqa: E702
  def big(g): return len(g)>=params['minsize']
  for L,g in sorted(groups.items()):
    if big(g):
      await workflow.count.createTask(n=L)
    else: print('small group',L,g,file=sys.stderr)  # noqa: E701
  biggest=max(groups.values(),key=len)
  await workflow.sq.createTask(x=float(len(biggest)+len(SEEN)))
