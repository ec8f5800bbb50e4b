// The CommonJS types (require condition), with the Node.js file storage.
import sentc = require("sentc");

export async function start(key: Uint8Array): Promise<string | undefined> {
  const user = await sentc.Sentc.init({ base_url: "u", app_token: "t", storage: sentc.fileStorage("store.json", key) });
  return user?.user_data.user_id;
}
