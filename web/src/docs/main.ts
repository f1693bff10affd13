/**
 * GET /docs: the OpenAPI document the engine serves (/openapi.json, same origin) rendered by
 * Swagger UI. Its prebuilt bundle (React included) goes into web/dist with the rest of the
 * interface, so the page loads nothing from elsewhere and keeps the interface's CSP (no inline
 * script, no eval). Without the standalone preset: its top bar loads any address typed into it
 * and carries an inline <style>.
 */
import SwaggerUI from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';
import './docs.css';

const rot = document.getElementById('api-dokumentasjon');
if (rot) {
  SwaggerUI({
    url: '/openapi.json',
    domNode: rot,
    presets: [SwaggerUI.presets.apis],
    layout: 'BaseLayout',
    // Every tag open, each operation a line (method, path, summary) to open.
    docExpansion: 'list',
    deepLinking: true,
    // The online validator's badge would call validator.swagger.io.
    validatorUrl: null,
    // Tokens typed into "Authorize" stay in this tab's memory only.
    persistAuthorization: false,
    tryItOutEnabled: false,
  });
}
