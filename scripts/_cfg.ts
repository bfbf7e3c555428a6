import { objectsOf, readOutput } from './e2e/manifests';
const objs = objectsOf(readOutput('dist/prod'));
for (const n of process.argv.slice(2)) { const o:any = objs.find((x) => x.kind==='ConfigMap' && x.metadata.name===n); for (const [k,v] of Object.entries(o.data)) console.log(`#### ${n}/${k}\n${v}`); }
