package dev.qmpsdk.kotlin

/** Marks the argument and connection DSLs, so an inner block cannot silently set an outer block's members. */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
annotation class QmpDsl
