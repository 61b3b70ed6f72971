/**
 * A `customFetchApi` for @shopify/admin-api-client against the simulator.
 * The SDK always builds `https://{storeDomain}/admin/api/...`; the simulator
 * serves plain HTTP, so requests to its host are rewritten to `http://`.
 *
 *   createAdminApiClient({ storeDomain: sim.url, apiVersion, accessToken,
 *                          customFetchApi: simulatorFetch(sim.url) })
 */
export function simulatorFetch(baseUrl: string): (url: string, init?: RequestInit) => Promise<Response> {
  const base = new URL(baseUrl);
  const httpsOrigin = `https://${base.host}`;
  return (url, init) => {
    const target = url.startsWith(httpsOrigin) ? `http://${base.host}${url.slice(httpsOrigin.length)}` : url;
    return fetch(target, init);
  };
}
