export default function UsersPage(_: { id?: string }) { return <div>Users</div>; }
