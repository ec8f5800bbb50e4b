// An app bundled with no configuration and no plugin (the same source for Vite and webpack),
// importing the package by its name as the README shows.
import Sentc from "sentc";

window.sentcBundledCheck = async (config) => {
  await Sentc.init({ ...config, storage: "memory" });
  const name = `bundled-${Date.now()}`;
  await Sentc.register(name, "a long password");
  const user = await Sentc.login(name, "a long password", true);
  const group = await user.getGroup(await user.createGroup());
  return group.decryptString(await group.encryptString("hello from a bundled app"));
};
window.sentcBundledReady = true;
