export default function RatesPage(_: { id?: string }) { return <div>Rates</div>; }
