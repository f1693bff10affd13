/** The part of Swagger UI's prebuilt bundle the docs page uses (the bundle has no types). */
declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  interface SwaggerUIValg {
    url: string;
    domNode: HTMLElement;
    presets: unknown[];
    layout: string;
    docExpansion?: 'list' | 'full' | 'none';
    deepLinking?: boolean;
    validatorUrl?: string | null;
    persistAuthorization?: boolean;
    tryItOutEnabled?: boolean;
  }
  interface SwaggerUIFabrikk {
    (valg: SwaggerUIValg): unknown;
    presets: { apis: unknown };
  }
  const SwaggerUI: SwaggerUIFabrikk;
  export default SwaggerUI;
}
