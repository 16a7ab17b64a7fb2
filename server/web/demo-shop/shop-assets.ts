// The demo shop's stylesheet and script, kept as code so the compiled server (dist/) carries them without a
// copy step. Served as files, so the pages' Content-Security-Policy needs no 'unsafe-inline'.

export const SHOP_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2937;background:#fafaf9}
a{color:#1d4ed8}
img{max-width:100%;height:auto}
.demo-notice{margin:0;padding:10px 16px;background:#fef3c7;color:#78350f;font-size:14px;text-align:center}
.site-header{display:flex;flex-wrap:wrap;align-items:center;gap:8px 24px;padding:14px 24px;background:#fff;border-bottom:1px solid #e5e7eb}
.brand{font-size:22px;font-weight:800;color:#111827;text-decoration:none}
.brand span{font-size:13px;font-weight:600;color:#4b5563;text-transform:uppercase;letter-spacing:.06em}
.site-header ul{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;padding:0;list-style:none}
.site-header nav a{color:#374151;text-decoration:none;font-size:15px}
.site-header nav a:hover,.site-header nav a[aria-current=page]{color:#1d4ed8;text-decoration:underline}
main{max-width:1100px;margin:0 auto;padding:24px 24px 96px}
h1{font-size:32px;line-height:1.2;margin:8px 0 16px}
h2{font-size:22px;margin:40px 0 16px}
.hero{padding:32px;border-radius:20px;background:linear-gradient(120deg,#dbeafe,#e0e7ff 60%,#fce7f3)}
.hero h1{margin-top:0}
.hero p{max-width:640px;margin:0 0 20px}
.button{padding:10px 18px;border:0;border-radius:10px;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.button:hover{background:#1e40af}
:focus-visible{outline:3px solid #111827;outline-offset:2px}
.categories,.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px;margin:0;padding:0;list-style:none}
.category,.card{position:relative;display:flex;flex-direction:column;gap:4px;padding-bottom:12px;overflow:hidden;border:1px solid #e5e7eb;border-radius:14px;background:#fff}
.category a,.card h3 a{color:#111827;text-decoration:none;font-weight:650}
.category a::after,.card h3 a::after{content:'';position:absolute;inset:0}
.category a,.category span{padding:0 14px}
.category span{color:#4b5563;font-size:14px}
.card h3{margin:4px 14px 0;font-size:16px;line-height:1.3}
.card .price{margin:0 14px;color:#374151}
.category:hover,.card:hover{border-color:#9ca3af}
.category:focus-within,.card:focus-within{outline:3px solid #111827;outline-offset:2px}
.breadcrumbs{font-size:14px;color:#4b5563}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:32px;align-items:start}
.product img{width:100%;border-radius:16px;border:1px solid #e5e7eb}
.product .price{font-size:24px;font-weight:700;margin:0 0 12px}
.attributes{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px;margin:16px 0}
.attributes div{padding:8px 12px;border-radius:10px;background:#f3f4f6}
.attributes dt{font-size:13px;color:#4b5563}
.attributes dd{margin:0;font-weight:600}
.sku{font-size:14px;color:#4b5563}
.availability{margin:0 0 12px;font-weight:600;color:#166534}
.help{max-width:680px}
.note{font-size:14px;color:#4b5563}
.site-footer{padding:24px;border-top:1px solid #e5e7eb;color:#4b5563;font-size:14px;text-align:center}
@media (max-width:700px){.product{grid-template-columns:1fr}main{padding:16px 16px 96px}.hero{padding:20px}h1{font-size:26px}}
`;

/** Buttons marked `data-concierge-open` open the chat through the widget's public API. */
export const SHOP_JS = `
document.addEventListener('click', function (event) {
  var target = event.target instanceof Element ? event.target.closest('[data-concierge-open]') : null;
  if (target && window.Concierge) window.Concierge.open();
});
`;
