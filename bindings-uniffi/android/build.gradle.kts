// The Android library of sentc: the generated Kotlin bindings (src/main/kotlin, written by
// build-android.sh) over libsentc_uniffi.so for each ABI (src/main/jniLibs/<abi>/). Add it to
// an app's settings.gradle.kts (`include(":sentc")`, `project(":sentc").projectDir = ...`) or
// publish it as an AAR. Not built in this repository's CI: it needs the Android SDK and NDK.
plugins {
    id("com.android.library") version "8.7.3"
    kotlin("android") version "2.1.0"
}

android {
    namespace = "com.sentc"
    compileSdk = 35
    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
}

dependencies {
    // uniffi's Kotlin calls into the library through JNA; the AAR carries its Android .so files.
    implementation("net.java.dev.jna:jna:5.13.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")
}
