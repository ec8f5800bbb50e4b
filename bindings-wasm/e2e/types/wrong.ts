// Calls the types must refuse: each marked line must fail to compile, otherwise tsc reports
// the unused expectation. Compiled by e2e/types.test.mjs.
import Sentc, { type Group, type User } from "sentc";

export async function wrong(user: User, group: Group): Promise<void> {
  const result = await Sentc.login("id", "pw");
  // @ts-expect-error: `u` is a User or the MFA state until `kind` is checked.
  await result.u.getGroup("group");
  // @ts-expect-error: sentc's order is (password, deviceId).
  await user.deleteDevice("device");
  // @ts-expect-error: verify levels are 0-3.
  await user.getGroup("group", undefined, 7);
  // @ts-expect-error: the reply id comes second.
  await user.encryptString("text");
  // @ts-expect-error: ranks are numbers.
  await group.updateRank("user", "admin");
  // @ts-expect-error: the WebAssembly loader is not part of the API.
  Sentc.initSync();
  // @ts-expect-error: `getUser` may find no user (`false`).
  (await Sentc.getUser("id")).user_data;
  // @ts-expect-error: the rank change body needs the rank.
  group.prepareUpdateRank("user");
  // @ts-expect-error: a file is a Blob or a File, not its bytes.
  await group.createFile(new Uint8Array(4));
  // @ts-expect-error: a storage of the wrong shape.
  await Sentc.init({ base_url: "u", app_token: "t", storage: "localStorage" });
}
