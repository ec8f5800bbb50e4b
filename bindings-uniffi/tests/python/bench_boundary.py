"""The cost of crossing into Rust from Python: a group's encrypt+decrypt of 1 KiB, median and p99
of single calls, against the same operation in Rust without the boundary (the core's
`group_encrypt_decrypt_1kib` figure printed by scripts/uniffi-bench.sh). Not a test.
Run: scripts/uniffi-bench.sh."""
import asyncio
import statistics
import sys
import time
import uuid

import sentc


async def main(url, token):
    sdk = sentc.Sentc(sentc.SentcOptions(base_url=url, app_token=token))
    name = f"bench-{uuid.uuid4().hex[:8]}"
    await sdk.register(name, "a long password")
    user = (await sdk.login(name, "a long password")).user
    group = await user.get_group(await user.create_group(False))
    data = bytes(1024)
    samples = []
    for _ in range(5000):
        start = time.perf_counter_ns()
        group.decrypt(group.encrypt(data))
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    print(f"python: group encrypt+decrypt 1 KiB  median {statistics.median(samples) / 1000:.1f} µs"
          f"  p99 {samples[len(samples) * 99 // 100] / 1000:.1f} µs  (n = {len(samples)})")


asyncio.run(main(sys.argv[1], sys.argv[2]))
