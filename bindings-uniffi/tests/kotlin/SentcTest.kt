// The Kotlin SDK (uniffi, on the JVM) against a real sentc server: users in a group through a
// transport on java.net.http and the native one, data, rotation, searchable and sortable,
// errors, a panic. Run by scripts/uniffi-kotlin.sh: `java ... SentcTestKt <url> <public token> <secret token>`;
// `SentcTestKt scenario ...` is the Kotlin user of scripts/uniffi-cross-language.sh.
import com.sentc.*
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.UUID
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/** A host transport on the JDK's HTTP client: what an Android or server app supplies. */
class JdkTransport : HostTransport {
    private val client = HttpClient.newHttpClient()
    var requests = 0

    override suspend fun send(request: HostRequest): HostResponse = withContext(Dispatchers.IO) {
        requests++
        val body = request.body?.let { HttpRequest.BodyPublishers.ofByteArray(it) }
            ?: HttpRequest.BodyPublishers.noBody()
        val builder = HttpRequest.newBuilder(URI.create(request.url)).method(request.method.name, body)
        request.headers.forEach { builder.header(it.name, it.value) }
        val response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
        HostResponse(response.statusCode().toUShort(), response.body())
    }
}

/** A file source on an `InputStream`. */
class InputSource(private val input: java.io.InputStream) : ByteSource {
    override fun read(max: UInt): ByteArray = input.readNBytes(max.toInt())
}

/** A download sink on an `OutputStream`. */
class OutputSink(val output: java.io.ByteArrayOutputStream) : ByteSink {
    override fun write(data: ByteArray) = output.write(data)
}

fun check(condition: Boolean, what: String) {
    if (!condition) throw AssertionError("check failed: $what")
}

inline fun expectError(codeName: String, what: String, call: () -> Unit): SentcException.Failed {
    try {
        call()
    } catch (error: SentcException.Failed) {
        check(error.codeName == codeName, "$what: $codeName, got ${error.codeName}")
        return error
    }
    throw AssertionError("check failed: $what did not throw")
}

suspend fun user(sdk: Sentc, name: String): User {
    val identifier = "$name-${UUID.randomUUID().toString().take(8)}"
    sdk.register(identifier, "a long password")
    val result = sdk.login(identifier, "a long password")
    check(result is LoginResult.User, "logged in without a second factor")
    return (result as LoginResult.User).user
}

/** One operation timed call by call after a warm-up: median and p99. */
inline fun timed(label: String, runs: Int, call: () -> Unit) {
    repeat(minOf(runs, 2000)) { call() }
    val samples = LongArray(runs) {
        val start = System.nanoTime()
        call()
        System.nanoTime() - start
    }.sorted()
    println("kotlin: $label  median ${samples[samples.size / 2] / 1000.0} µs" +
        "  p99 ${samples[samples.size * 99 / 100] / 1000.0} µs  (n = $runs)")
}

/**
 * The boundary's cost: a group's encrypt+decrypt of 1 KiB and 64 KiB, a public-key decrypt of
 * 1 KiB, and `rank()` (the floor of a call), against core/benches/group_data_latency.rs.
 */
suspend fun bench(options: SentcOptions) {
    val user = user(Sentc(options), "bench")
    val group = user.getGroup(user.createGroup(false))
    for ((label, size) in listOf("1 KiB" to 1024, "64 KiB" to 64 * 1024)) {
        val data = ByteArray(size)
        timed("group encrypt+decrypt $label", 5000) { group.decrypt(group.encrypt(data)) }
    }
    val item = user.encrypt(ByteArray(1024), user.userId())
    timed("public-key decrypt 1 KiB", 2000) { user.decrypt(item) }
    timed("group.rank() (the floor of a call)", 5000) { group.rank() }
}

/**
 * The Kotlin participant of the cross-language scenario (bindings-uniffi/tests/cross_language.py):
 * one step per run, sharing ids and items with the Rust and Python users through a state file of
 * `key=value` lines. `round1` finishes the rotation Rust started and decrypts both others' items;
 * its own item is made with the rotated key.
 */
suspend fun scenario(options: SentcOptions, path: String, step: String) {
    val file = java.io.File(path)
    val state = file.readLines().filter { "=" in it }.associate { it.substringBefore("=") to it.substringAfter("=") }
    val sdk = Sentc(options, JdkTransport())
    when (step) {
        "register" -> {
            val identifier = "kotlin-${state.getValue("run")}"
            val userId = sdk.register(identifier, "a long password")
            file.appendText("kotlin.identifier=$identifier\nkotlin.user_id=$userId\n")
        }
        "round1" -> {
            val user = (sdk.login(state.getValue("kotlin.identifier"), "a long password") as LoginResult.User).user
            val group = user.getGroup(state.getValue("group"))
            val rotated = state.getValue("rotation.key")
            repeat(100) {
                if (rotated !in group.keyIds()) {
                    group.finishKeyRotation()
                    delay(50)
                }
            }
            check(rotated in group.keyIds() && group.newestKeyId() == rotated, "kotlin finished rust's rotation")
            check(group.decryptStringVerified(state.getValue("python.item"), state.getValue("python.user_id")) == "from python", "python's item")
            check(group.decryptStringVerified(state.getValue("rust.item"), state.getValue("rust.user_id")) == "from rust", "rust's item")
            file.appendText("kotlin.item=${group.encryptString("from kotlin", true)}\n")
        }
        else -> throw IllegalArgumentException("no step $step")
    }
    println("kotlin: $step done")
}

fun main(args: Array<String>) = runBlocking {
    if (args[0] == "vectors") return@runBlocking replayVectors(args[1])
    if (args[0] == "scenario") {
        return@runBlocking scenario(SentcOptions(baseUrl = args[1], appToken = args[2]), args[3], args[4])
    }
    val options = SentcOptions(baseUrl = args[0], appToken = args[1])
    if (args.getOrNull(3) == "bench") return@runBlocking bench(options)
    val transport = JdkTransport()
    val alice = user(Sentc(options, transport), "alice")
    val bob = user(Sentc(options), "bob")
    check(transport.requests > 0, "the JDK transport carried alice's requests")

    val group = alice.getGroup(alice.createGroup(true))
    group.inviteAuto(bob.userId())
    val bobs = bob.getGroup(group.groupId())
    val item = group.encryptString("hello from kotlin", true)
    check(bobs.decryptString(item) == "hello from kotlin", "bob decrypts")
    check(bobs.decrypt(group.encrypt(byteArrayOf(0, -1, 7))).contentEquals(byteArrayOf(0, -1, 7)), "bytes")
    println("kotlin: a group through the JDK transport and the native one; data both ways")

    val hashes = group.createSearchRaw("invoice 2026")
    check(hashes.size == 12 && bobs.search("invoice") in hashes, "prefix search")
    check(group.createSearchRaw("invoice 2026", limit = 3u).size == 3, "exactly limit prefixes")
    val numbers = listOf(1uL, 1_700_000_000uL, (1uL shl 48) - 1uL).map { group.encryptSortableRawNumber(it) }
    check(numbers == numbers.sorted(), "sortable numbers keep their order")
    println("kotlin: searchable hashes and sortable numbers")

    val newKey = group.keyRotation(true)
    repeat(100) {
        if (newKey !in bobs.keyIds()) {
            bobs.finishKeyRotation()
            delay(50)
        }
    }
    check(newKey in bobs.keyIds(), "bob has the new key")
    check(bobs.decryptString(item) == "hello from kotlin", "old data after the rotation")
    check(bobs.searchAll("invoice").any { it in hashes }, "searchAll finds the old hashes")
    println("kotlin: a rotation started here, finished by bob")

    check(group.getMember().map { it.userId }.toSet() == setOf(alice.userId(), bob.userId()), "the member list")
    check(bob.getGroups().map { it.groupId } == listOf(group.groupId()), "bob's group list")
    val key = group.registerKey()
    check(bobs.fetchKey(key.keyId(), key.masterKeyId()).decryptString(key.encryptString("k")) == "k", "a registered key")
    println("kotlin: member and group lists, a registered key")

    val content = ByteArray(300_000) { (it % 251).toByte() }
    val file = java.io.File.createTempFile("sentc-", ".bin").apply { writeBytes(content); deleteOnExit() }
    val seen = mutableListOf<ULong>()
    val progress = object : FileProgress {
        override fun onProgress(done: ULong): Boolean { seen.add(done); return true }
    }
    val created = group.createFile(file.path, true, progress)
    check(seen.last() == content.size.toULong(), "upload progress reaches the size")
    val target = java.io.File.createTempFile("sentc-", ".down").apply { deleteOnExit() }
    val result = bobs.downloadFile(target.path, created.fileId, alice.userId(), null)
    check(target.readBytes().contentEquals(content) && result.meta.fileName == file.name, "a file both ways")
    val streamed = bob.createFileFromStream(InputSource("from a stream".byteInputStream()), "s.txt", true, alice.userId(), null)
    val sink = OutputSink(java.io.ByteArrayOutputStream())
    alice.downloadFileToStream(sink, streamed.fileId, bob.userId(), null)
    check(sink.output.toString() == "from a stream", "a file from an InputStream to an OutputStream")
    println("kotlin: files from a path and an InputStream, with progress")

    // A Kotlin backend with the secret token: a user registered from a prepared body, a group
    // created for them from the body their client prepared.
    val backend = Backend(args[0], args[2])
    val identifier = "backend-${UUID.randomUUID().toString().take(8)}"
    val carolSdk = Sentc(options)
    val carolId = backend.register(carolSdk.prepareRegister(identifier, "a long password"))
    val carol = (carolSdk.login(identifier, "a long password") as LoginResult.User).user
    check(carol.userId() == carolId, "the backend registered carol")
    val carolGroup = carol.getGroup(backend.createGroup(carolId, carol.prepareGroupCreate(true)))
    check(carolGroup.decryptString(carolGroup.encryptString("x")) == "x", "a group the backend created")
    backend.deleteUser(identifier)
    println("kotlin: a backend registers a user and creates a group with the secret token")

    val other = alice.getGroup(alice.createGroup(false))
    val missing = expectError("KeyRequired", "data of another group") { bobs.decryptString(other.encryptString("x")) }
    check(missing.code == 2002u && missing.area == "key" && missing.keyId == other.keyIds()[0], "the error's fields")
    expectError("OutOfDomain", "a sortable number over 2^48 - 1") { group.encryptSortableRawNumber(1uL shl 48) }
    expectError("LoginFailed", "a wrong password") { runBlocking { Sentc(options).login("nobody-x", "wrong") } }
    val panic = expectError("Internal", "a panic in the SDK") { testPanic() }
    check(panic.code == 9002u, "a panic is 9002")
    check(group.encryptString("still alive").isNotEmpty(), "the process lives after a panic")
    println("kotlin: errors carry code, codeName, area and keyId; a panic is an error")
    println("kotlin: all checks held")
}
