// The sentc browser example: register or log in, create a group, invite another user, and
// encrypt text for the group. Everything sentc-specific is in the functions named after what
// they do; the rest wires buttons.
import Sentc, { SentcError } from "sentc/web";

const $ = (id) => document.getElementById(id);
const profile = new URLSearchParams(location.search).get("profile") ?? "default";
let user;
let group;

/** Runs an action of a button, showing a SentcError's stable code when it fails. */
function action(id, run) {
  $(id).addEventListener("click", async () => {
    $("error").textContent = "";
    try {
      await run();
    } catch (error) {
      $("error").textContent = error instanceof SentcError
        ? `${error.codeName} (${error.code}): ${error.error_message}`
        : String(error);
    }
  });
}

function show(loggedIn) {
  $("account").hidden = loggedIn;
  for (const id of ["session", "groups", "data"]) {
    $(id).hidden = !loggedIn;
  }
  if (loggedIn) {
    $("who").textContent = user.identifier;
    $("user-id").textContent = user.userId;
  }
}

async function showInvites() {
  const list = $("invites");
  list.replaceChildren();
  for (const invite of await user.getGroupInvites()) {
    const item = document.createElement("li");
    const accept = document.createElement("button");
    accept.textContent = "Accept";
    accept.id = `accept-${invite.group_id}`;
    item.append(`group ${invite.group_id} `, accept);
    list.append(item);
    action(accept.id, async () => {
      await user.acceptGroupInvite(invite.group_id);
      await openGroup(invite.group_id);
      await showInvites();
    });
  }
}

async function openGroup(groupId) {
  group = await user.getGroup(groupId);
  $("open-group-id").textContent = group.groupId;
}

async function loggedIn(current) {
  user = current;
  show(true);
  await showInvites();
}

// The server's address and the app's public token come from serve.mjs; an app has them in its
// configuration. Each profile keeps its user under its own storage prefix.
const config = await (await fetch("/config.json")).json();
// init resolves to the user still logged in from before a reload (kept encrypted in IndexedDB).
const restored = await Sentc.init({ ...config, store_prefix: `example-${profile}` });

action("register", async () => {
  await Sentc.register($("identifier").value, $("password").value);
  await loggedIn(await Sentc.login($("identifier").value, $("password").value, true));
});
action("login", async () => {
  const login = await Sentc.login($("identifier").value, $("password").value);
  if (login.kind === "mfa") {
    throw new Error("this account uses a one-time password; the example does not ask for it");
  }
  await loggedIn(login.u);
});
action("logout", async () => {
  await user.logOut();
  user = group = undefined;
  show(false);
});
action("refresh", showInvites);
action("create-group", async () => openGroup(await user.createGroup()));
action("open-group", async () => openGroup($("group-id").value.trim()));
/** The open group; a clear message instead of a TypeError when there is none. */
function openedGroup() {
  if (!group) {
    throw new Error("create or open a group first");
  }
  return group;
}

action("invite", async () => {
  await openedGroup().invite($("invitee").value.trim());
  $("invitee").value = "";
});
action("encrypt", async () => {
  $("ciphertext").value = await openedGroup().encryptString($("plaintext").value);
});
action("decrypt", async () => {
  $("decrypted").textContent = await openedGroup().decryptString($("ciphertext").value.trim());
});

if (restored) {
  await loggedIn(restored);
}
document.body.dataset.ready = "true";
