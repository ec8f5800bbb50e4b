// An app bundled by Vite with no configuration and no plugin, importing the package by its
// name as the README shows.
import Sentc from "sentc";

window.sentcViteCheck = async (config) => {
  await Sentc.init({ ...config, storage: "memory" });
  const name = `vite-${Date.now()}`;
  await Sentc.register(name, "a long password");
  const user = await Sentc.login(name, "a long password");
  const group = await user.getGroup(await user.createGroup());
  return group.decryptString(await group.encryptString("hello from a vite build"));
};
window.sentcViteReady = true;
