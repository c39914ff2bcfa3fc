package dev.rtcstats.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressObfuscationTest {

    @Test
    void shouldMatchReferenceWhenObfuscatingAddresses() {
        assertThat(AddressObfuscation.obfuscate("8.8.8.8")).isEqualTo("8.8.8.x");
        assertThat(AddressObfuscation.obfuscate("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(AddressObfuscation.obfuscate("::1")).isEqualTo("::1");
        assertThat(AddressObfuscation.obfuscate("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(AddressObfuscation.obfuscate("2001:DB8::8:800:200C:417A")).isEqualTo("2001:DB8:x:x:x:x:x:x");
        assertThat(AddressObfuscation.obfuscate("1234:1234:1234:::::1234")).isEqualTo("1234:1234:1234x:x:x:x:x:x");
        assertThat(AddressObfuscation.obfuscate("::ffff:1.2.3.4")).isEqualTo("::ffffx:x:x:x:x:x");
        assertThat(AddressObfuscation.obfuscate("abc.local")).isEqualTo("abc.local");
    }
}
