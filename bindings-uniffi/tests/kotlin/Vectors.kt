// The known-answer vectors of tests/vectors replayed from Kotlin (`SentcTestKt vectors <dir>`,
// run by scripts/uniffi-kotlin.sh): the same bytes, hashes and numbers as the core natively and
// in the browser, through the Kotlin conversions (UTF-8 strings, ULong numbers, byte arrays).
import com.sentc.SentcException
import com.sentc.VectorKey
import com.sentc.vectorSafetyNumber
import com.sentc.vectorVerify
import java.io.File
import java.util.Base64

/** A small JSON reader (objects, arrays, strings, numbers, booleans, null): the JVM has none. */
class Json(private val text: String) {
    private var at = 0

    fun parse(): Any? {
        skip()
        val value = when (val c = text[at]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> { at += 4; true }
            'f' -> { at += 5; false }
            'n' -> { at += 4; null }
            else -> if (c == '-' || c.isDigit()) num() else error("unexpected $c at $at")
        }
        skip()
        return value
    }

    private fun skip() { while (at < text.length && text[at].isWhitespace()) at++ }

    private fun obj(): Map<String, Any?> {
        val out = LinkedHashMap<String, Any?>()
        at++; skip()
        if (text[at] == '}') { at++; return out }
        while (true) {
            skip(); val key = str(); skip(); at++ // ':'
            out[key] = parse()
            if (text[at++] == '}') return out
        }
    }

    private fun arr(): List<Any?> {
        val out = ArrayList<Any?>()
        at++; skip()
        if (text[at] == ']') { at++; return out }
        while (true) {
            out.add(parse())
            if (text[at++] == ']') return out
        }
    }

    private fun str(): String {
        val out = StringBuilder()
        at++
        while (text[at] != '"') {
            val c = text[at++]
            if (c != '\\') { out.append(c); continue }
            when (val e = text[at++]) {
                'n' -> out.append('\n'); 't' -> out.append('\t'); 'r' -> out.append('\r')
                'b' -> out.append('\b'); 'f' -> out.append('\u000c')
                'u' -> { out.append(text.substring(at, at + 4).toInt(16).toChar()); at += 4 }
                else -> out.append(e)
            }
        }
        at++
        return out.toString()
    }

    private fun num(): String {
        val start = at
        while (at < text.length && (text[at].isDigit() || text[at] in "-+.eE")) at++
        return text.substring(start, at)
    }
}

@Suppress("UNCHECKED_CAST")
fun load(dir: String, name: String) = Json(File(dir, name).readText()).parse() as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
fun Any?.obj() = this as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
fun Any?.list() = this as List<Any?>

fun Any?.str() = this as String

fun b64(text: Any?): ByteArray = Base64.getDecoder().decode(text.str())

fun replayVectors(dir: String) {
    val symmetric = load(dir, "symmetric.json")
    val key = VectorKey.symmetric(symmetric["key"].str())
    symmetric["data"].list().forEach {
        check(String(key.decrypt(b64(it.obj()["item"]), null)) == it.obj()["plaintext"].str(), "symmetric item")
    }
    val bound = symmetric["context_data"].obj()
    check(String(key.decrypt(b64(bound["item"]), bound["context"].str())) == bound["plaintext"].str(), "context item")

    val public = load(dir, "public-key.json")
    val private = VectorKey.private(public["private_key"].str())
    val data = public["data"].obj()
    check(String(private.decrypt(b64(data["item"]), null)) == data["plaintext"].str(), "public-key item")

    val searchable = load(dir, "searchable.json")
    val generation = VectorKey.symmetric(searchable["generation_key"].str())
    val value = searchable["value"].str()
    check(generation.search(value, true, null) == listOf(searchable["full"].str()), "full hash")
    check(generation.search(value, false, null) == searchable["prefixes"].list(), "prefix hashes")
    val limited = searchable["limited"].obj()
    val limit = limited["limit"].str().toUInt()
    check(generation.search(value, false, limit) == limited["prefixes"].list(), "limited prefixes")
    searchable["normalization"].list().forEach {
        check(generation.search(it.obj()["normalized"].str(), true, null) == listOf(it.obj()["hash"].str()), "normalized")
    }

    val sortable = load(dir, "sortable.json")
    val sortKey = VectorKey.symmetric(sortable["generation_key"].str())
    sortable["numbers"].list().forEach {
        check(sortKey.sortableNumber(it.obj()["value"].str().toULong()) == it.obj()["number"].str().toULong(), "sortable number")
    }
    sortable["strings"].list().forEach {
        check(sortKey.sortableString(it.obj()["value"].str()) == it.obj()["number"].str().toULong(), "sortable string")
    }
    val signature = load(dir, "signature.json")
    val message = signature["message"].str().toByteArray()
    val context = signature["context"].str().toByteArray()
    vectorVerify(signature["verify_key"].str(), message, context, b64(signature["signature"]))
    try {
        vectorVerify(signature["verify_key"].str(), message + 33, context, b64(signature["signature"]))
        throw AssertionError("a changed message verified")
    } catch (error: SentcException.Failed) {
        check(error.codeName == "SignatureInvalid", "a changed message is SignatureInvalid")
    }

    val signed = load(dir, "signed-items.json")
    val verifyKey = signed["verify_key"].str()
    val plaintext = signed["plaintext"].str()
    check(String(VectorKey.symmetric(signed["key"].str()).decryptVerified(b64(signed["symmetric_item"]), verifyKey)) == plaintext, "signed symmetric item")
    check(String(VectorKey.private(signed["private_key"].str()).decryptVerified(b64(signed["public_key_item"]), verifyKey)) == plaintext, "signed public-key item")

    val safety = load(dir, "safety-number.json")
    val a = safety["a"].obj()
    val b = safety["b"].obj()
    val number = safety["safety_number"].str()
    check(vectorSafetyNumber(a["user_id"].str(), a["verify_key"].str(), b["user_id"].str(), b["verify_key"].str()) == number, "safety number a-b")
    check(vectorSafetyNumber(b["user_id"].str(), b["verify_key"].str(), a["user_id"].str(), a["verify_key"].str()) == number, "safety number b-a")
    println("kotlin: the known-answer vectors (symmetric, public-key and signed items, signatures, safety numbers, searchable, sortable) replayed")
}
