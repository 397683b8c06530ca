// The API reference page: Swagger UI from the swagger-ui-dist package, served by this server (no
// CDN). Its start-up script is a file of its own because the page's CSP allows no inline script.

export function docsPageHtml(docsPath: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Coditect V5 API reference</title>
    <link rel="stylesheet" href="${docsPath}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${docsPath}/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${docsPath}/swagger-ui-bundle.js"></script>
    <script src="${docsPath}/docs-init.js"></script>
  </body>
</html>
`;
}

export function docsInitScript(documentUrl: string): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    // The default validator badge would send the document to a third-party service.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
}
