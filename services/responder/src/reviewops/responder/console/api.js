// The one way the console talks to the responder: the agent's key (and tenant, for keys with
// several) on every request; answers come back as {status, body}.

export const session = {key: sessionStorage.getItem("key") || "", tenant: sessionStorage.getItem("tenant") || ""};

export function signIn(key, tenant) {
  session.key = key;
  session.tenant = tenant;
  sessionStorage.setItem("key", key);
  sessionStorage.setItem("tenant", tenant);
}

export async function api(method, path, body) {
  const headers = {"Authorization": `Bearer ${session.key}`};
  if (session.tenant) headers["X-Tenant-Id"] = session.tenant;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  let payload = null;
  try { payload = text ? JSON.parse(text) : null; } catch { payload = {detail: text}; }
  return {status: response.status, body: payload};
}

// A problem document (RFC 9457) as one line for the status bar.
export function problemText(body) {
  if (!body) return "No answer";
  const fields = (body.errors || []).map((error) => `${error.field}: ${error.message}`).join("; ");
  return [body.detail || body.title, fields].filter(Boolean).join(" — ");
}
