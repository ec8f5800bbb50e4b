"""The cost of crossing into Rust from Python, single calls timed one by one (median and p99):
a group's encrypt+decrypt of 1 KiB and of 64 KiB, a user's public-key decrypt of 1 KiB, and
`group.rank()` (a call that does nothing: the floor), against the same operations in Rust
(core/benches/group_data_latency.rs, printed by scripts/uniffi-bench.sh). Not a test."""
import asyncio
import sys
import time
import uuid

import sentc


def timed(label, runs, call):
    for _ in range(min(runs, 500)):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    print(f"python: {label}  median {samples[len(samples) // 2] / 1000:.1f} µs"
          f"  p99 {samples[len(samples) * 99 // 100] / 1000:.1f} µs  (n = {runs})")


async def main(url, token):
    sdk = sentc.Sentc(sentc.SentcOptions(base_url=url, app_token=token))
    name = f"bench-{uuid.uuid4().hex[:8]}"
    await sdk.register(name, "a long password")
    user = (await sdk.login(name, "a long password")).user
    group = await user.get_group(await user.create_group(False))
    for label, size in (("1 KiB", 1024), ("64 KiB", 64 * 1024)):
        data = bytes(size)
        timed(f"group encrypt+decrypt {label}", 5000, lambda: group.decrypt(group.encrypt(data)))
    item = await user.encrypt(bytes(1024), user.user_id())
    timed("public-key decrypt 1 KiB", 2000, lambda: user.decrypt(item))
    timed("group.rank() (the floor of a call)", 5000, group.rank)


asyncio.run(main(sys.argv[1], sys.argv[2]))
