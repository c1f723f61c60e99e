// invoker 3.9 runs postbuild.groovy (not verify.groovy) after the build. The build failed in generate-sources with one message naming the included file and line, and left nothing generated.
def log = new File(basedir, 'build.log').text
def expected = 'QAPI schema error at ' + new File(basedir, 'src/main/qapi/machine.json').path + ':3:'
assert log.contains(expected) : "build.log does not say '${expected}'"
assert log.contains('qmp-sdk-maven-plugin:') && log.contains(':generate (default) on project plugin-bad-schema') : 'the failure is not the generate goal\'s'
assert !new File(basedir, 'target/generated-sources/qapi').exists() : 'generated sources were left behind'
assert !new File(basedir, 'target/generated-resources/qapi').exists() : 'generated resources were left behind'
assert !new File(basedir, 'target/classes').exists() : 'something was compiled'
return true
