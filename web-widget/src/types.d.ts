// Stylesheets are bundled as minified text (scripts/frontend/widget.ts) and adopted by the shadow root.
declare module '*.css' {
  const css: string;
  export default css;
}
