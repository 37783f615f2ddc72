/** A minimal first-run page for when the web app is not built: sets the first administrator's password. */
import { PASSWORD_MIN_LENGTH } from "@govcost/core";

export const SETUP_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>govcost 初始设置</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}
#msg{margin-top:1rem;white-space:pre-wrap}</style></head>
<body><h1>govcost 初始设置</h1>
<p>创建第一个管理员账户。此页面的链接只能使用一次。</p>
<form id="f"><label for="username">用户名</label><input id="username" autocomplete="username" required>
<label for="displayName">姓名</label><input id="displayName" required>
<label for="password">密码（至少 ${PASSWORD_MIN_LENGTH} 个字符）</label><input id="password" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN_LENGTH}">
<label for="password2">再次输入密码</label><input id="password2" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN_LENGTH}">
<button type="submit">创建管理员</button></form><div id="msg" role="status"></div>
<script src="/setup.js"></script></body></html>`;

export const SETUP_JS = `(function(){
var f=document.getElementById("f"),msg=document.getElementById("msg");
var token=new URLSearchParams(location.search).get("token")||"";
if(!token){msg.textContent="链接中缺少 token：请使用服务器控制台打印的完整链接。";}
f.addEventListener("submit",function(e){e.preventDefault();
var v=function(id){return document.getElementById(id).value;};
if(v("password")!==v("password2")){msg.textContent="两次输入的密码不一致";return;}
fetch("/api/setup",{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify({token:token,username:v("username"),displayName:v("displayName"),password:v("password")})})
.then(function(r){return r.json().then(function(b){return{ok:r.ok,b:b};});})
.then(function(x){msg.textContent=x.ok?"管理员已创建，现在可以登录。":(x.b.error&&x.b.error.message)||"设置失败";if(x.ok)f.remove();})
.catch(function(){msg.textContent="无法连接服务器";});});})();`;
