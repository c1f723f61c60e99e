package dev.qmpsdk.kotlin

import dev.qmpsdk.core.qapi.QapiTypes
import dev.qmpsdk.core.qapi.QmpCommands
import dev.qmpsdk.reactive.api.QmpCommandsApi
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.lang.reflect.Method
import java.lang.reflect.ParameterizedType
import java.util.function.Consumer
import kotlin.reflect.KClass
import kotlin.reflect.KFunction
import kotlin.reflect.full.memberFunctions

/**
 * By reflection over the generated code, so a new schema entity is covered without touching this test: every
 * method of the Java `QmpCommandsApi` has a `suspend` twin in `QmpCoroutineCommands` (same name, same argument,
 * a DSL lambda where Java takes a `Consumer<Builder>`, the `Mono`'s element as a non-null return type or `Unit`),
 * and every argument type has a DSL whose `_build()` makes it.
 */
class GeneratedApiConsistencyTest {
    private val javaMethods: List<Method> =
        QmpCommandsApi::class.java.declaredMethods.filter { it.name != "execute" && !it.isSynthetic }
    private val suspendFunctions: List<KFunction<*>> =
        QmpCoroutineCommands::class.memberFunctions.filter { it.isSuspend }

    private fun KFunction<*>.valueParameters() = parameters.drop(1)

    @Test
    fun everyReactiveMethodHasItsSuspendTwin() {
        assertEquals(156, QmpCommands.ALL.size)
        val missing = mutableListOf<String>()
        for (m in javaMethods) {
            val element = (m.genericReturnType as ParameterizedType).actualTypeArguments[0]
            val elementClass = (if (element is ParameterizedType) element.rawType else element) as Class<*>
            val twin = suspendFunctions.firstOrNull { f ->
                f.name == m.name && f.valueParameters().size == m.parameterCount &&
                    m.parameterTypes.zip(f.valueParameters()).all { (jp, kp) ->
                        if (jp == Consumer::class.java) {
                            kp.type.classifier == Function1::class && dslClassOf(kp.type.arguments[0].type!!.classifier as KClass<*>) != null
                        } else {
                            kp.type.classifier == jp.kotlin
                        }
                    }
            }
            if (twin == null) {
                missing += m.toGenericString()
                continue
            }
            if (elementClass == Void::class.java) {
                assertEquals(Unit::class, twin.returnType.classifier, m.name)
            } else {
                assertEquals(elementClass.kotlin, (twin.returnType.classifier as KClass<*>).javaObjectType.kotlin, m.name)
                assertFalse(twin.returnType.isMarkedNullable, "${m.name} returns a nullable type")
            }
        }
        assertEquals(emptyList<String>(), missing, "reactive methods without a suspend twin")
        val commandNames = javaMethods.map { it.name }.toSet()
        assertEquals(QmpCommands.ALL.size, commandNames.size)
        assertEquals(commandNames, suspendFunctions.map { it.name }.toSet())
    }

    /** The DSL class if [c] is one: annotated `@QmpDsl`, with a `_build()`. */
    private fun dslClassOf(c: KClass<*>): KClass<*>? =
        c.takeIf { k -> k.annotations.any { it is QmpDsl } && k.java.methods.any { it.name == "_build" } }

    @Test
    fun everyArgumentTypeHasItsDslAndADslOverload() {
        val argumentTypes = (QmpCommands.ALL.mapNotNull { it.argumentsType() } + QapiTypes.COMMAND_ARGUMENTS).toSet()
        assertTrue(argumentTypes.size > 87)
        for (type in argumentTypes) {
            val dsl = Class.forName("dev.qmpsdk.kotlin.dsl.${type.simpleName}Dsl")
            assertTrue(dsl.isAnnotationPresent(QmpDsl::class.java), "${dsl.name} is @QmpDsl")
            assertEquals(type, dsl.getMethod("_build").returnType, "${dsl.name}._build()")
            if (type.isSealed) {
                for (branch in type.permittedSubclasses.filter { it.simpleName != "Unknown" }) {
                    val branchDsl = Class.forName("${dsl.name}\$${branch.simpleName}")
                    assertTrue(branchDsl.isAnnotationPresent(QmpDsl::class.java), "${branchDsl.name} is @QmpDsl")
                    assertEquals(branch, branchDsl.getMethod("_build").returnType, "${branchDsl.name}._build()")
                }
            }
            val overloads = suspendFunctions.filter { f ->
                f.valueParameters().size == 1 && f.valueParameters()[0].type.classifier == Function1::class &&
                    f.valueParameters()[0].type.arguments[0].type!!.classifier == dsl.kotlin
            }
            assertTrue(overloads.isNotEmpty(), "no command takes a ${dsl.simpleName} lambda")
        }
    }
}
