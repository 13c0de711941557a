// Starts Swagger UI on /api/docs/. A file of ours rather than an inline
// script, so the page's Content-Security-Policy needs no 'unsafe-inline'.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/schema/?format=json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
  });
});
