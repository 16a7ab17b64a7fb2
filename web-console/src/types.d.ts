// Vite bundles stylesheets imported for their side effect into the page's CSS file.
declare module '*.css';
