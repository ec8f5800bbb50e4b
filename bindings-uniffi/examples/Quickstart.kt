// The Kotlin quickstart: two users share an encrypted message and a file through a group.
// `java ... quickstart.QuickstartKt <server url> <public token>` (scripts/uniffi-kotlin.sh runs it against
// `sentc-server --dev`; on Android pass a HostTransport on OkHttp to Sentc(...)).
package quickstart

import com.sentc.*
import java.io.File
import java.util.UUID
import kotlinx.coroutines.runBlocking

fun main(args: Array<String>): Unit = runBlocking {
    val sdk = Sentc(SentcOptions(baseUrl = args[0], appToken = args[1]))
    val run = UUID.randomUUID().toString().take(8)
    suspend fun user(name: String): User {
        sdk.register("$name-$run", "a long password")
        return (sdk.login("$name-$run", "a long password") as LoginResult.User).user
    }

    val alice = user("alice")
    val bob = user("bob")
    val group = alice.getGroup(alice.createGroup(sign = true))
    group.inviteAuto(bob.userId())
    val bobsGroup = bob.getGroup(group.groupId())

    val secret = group.encryptString("meet at noon", sign = true)
    println("bob reads: ${bobsGroup.decryptStringVerified(secret, alice.userId())}")

    val source = File.createTempFile("minutes", ".txt").apply { writeText("the minutes of the meeting"); deleteOnExit() }
    val created = group.createFile(source.path, sign = true)
    val target = File.createTempFile("download", ".txt").apply { deleteOnExit() }
    bobsGroup.downloadFile(target.path, created.fileId, alice.userId())
    println("bob's download: ${target.readText()}")

    try {
        bobsGroup.decryptString(secret.dropLast(8))
    } catch (error: SentcException.Failed) {
        println("a changed item: ${error.code} ${error.codeName}")
    }
}
