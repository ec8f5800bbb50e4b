"""Wrong uses the type hints must catch: `mypy --strict` must report exactly these two."""
import sentc


async def wrong(sdk: sentc.Sentc) -> int:
    return await sdk.register("alice", 5)
