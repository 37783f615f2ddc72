export default function AuditPage(_: { id?: string }) { return <div>Audit</div>; }
