export default function HistoryPage(_: { id?: string }) { return <div>History</div>; }
