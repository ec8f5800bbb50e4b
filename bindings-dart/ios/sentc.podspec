# The ios side of the sentc plugin: links the static library tool/build-apple.sh built
# (Frameworks/SentcFlutter.xcframework) into the app; Dart finds its symbols in the process.
Pod::Spec.new do |s|
  s.name             = 'sentc'
  s.version          = '0.1.0'
  s.summary          = 'sentc: end-to-end encryption with user and group management.'
  s.homepage         = 'https://github.com/sentclose/sentc'
  s.license          = { :type => 'MIT OR Apache-2.0' }
  s.author           = 'sentc'
  s.source           = { :path => '.' }
  s.vendored_frameworks = 'Frameworks/SentcFlutter.xcframework'
  s.static_framework = true
  # Keep every symbol of the static library: Dart looks them up at run time.
  s.user_target_xcconfig = { 'OTHER_LDFLAGS' => '-all_load' }
  s.dependency 'Flutter'
  s.platform = :ios, '13.0'
end
