package dev.qmpsdk.kotlin

import dev.qmpsdk.schema.gen.FrameworkNames
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import kotlin.reflect.full.declaredMemberFunctions

/**
 * The Kotlin twin of sdk-reactive's `ReservedFrameworkNamesTest`: every public member (function or property) of
 * `QmpCoroutineClient`, which implements the generated `QmpCoroutineCommands`, is in `FrameworkNames.RESERVED`,
 * so a framework member added without reserving it fails here, naming it.
 */
class ReservedFrameworkNamesTest {
    @Test
    fun everyPublicMemberOfTheCoroutineClientIsReserved() {
        val generated = QmpCoroutineCommands::class.declaredMemberFunctions.filter { it.isSuspend }.map { it.name }.toSet()
        val anyMembers = Any::class.members.map { it.name }.toSet()
        val unreserved = QmpCoroutineClient::class.members
            .filter { it.visibility == kotlin.reflect.KVisibility.PUBLIC }
            .map { it.name }
            .filter { it !in generated && it !in anyMembers && it !in FrameworkNames.RESERVED }
            .toSortedSet()
        assertEquals(
            emptySet<String>(), unreserved,
            "public members of QmpCoroutineClient missing from FrameworkNames.RESERVED (a command could be generated with their name)",
        )
    }

    @Test
    fun noGeneratedSuspendFunctionHasAReservedName() {
        val clashing = QmpCoroutineCommands::class.declaredMemberFunctions.filter { it.isSuspend }
            .map { it.name }.filter { it in FrameworkNames.RESERVED }.toSortedSet()
        assertEquals(emptySet<String>(), clashing)
    }
}
