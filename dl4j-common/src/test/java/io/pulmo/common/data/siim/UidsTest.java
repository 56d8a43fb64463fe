package io.pulmo.common.data.siim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UidsTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.2.276.0.7230010.3.1.4.8323329.5597.1517875188.959090", "1.2.840.10008.5.1.4.1.1.7",
            "0", "2.25.0", "1.2.3"})
    void validUids(String uid) {
        assertThat(Uids.isValid(uid)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1..2", ".1.2", "1.2.", "1.02", "1.2a", "case_07", "1 2",
            "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.25.26.27.28"})
    void invalidUids(String uid) {
        assertThat(Uids.isValid(uid)).isFalse();
    }

    @Test
    void fromNameIsDeterministicValidAndDistinct() {
        String a = Uids.fromName("study", "1.2.276.0.7230010.3.1.4.17");
        assertThat(a).startsWith("2.25.").isEqualTo(Uids.fromName("study", "1.2.276.0.7230010.3.1.4.17"));
        assertThat(Uids.isValid(a)).isTrue();
        assertThat(a.length()).isLessThanOrEqualTo(44);
        assertThat(Uids.fromName("series", "1.2.276.0.7230010.3.1.4.17")).isNotEqualTo(a);
        assertThat(Uids.fromName("study", "1.2.276.0.7230010.3.1.4.18")).isNotEqualTo(a);
        assertThat(Uids.isValid(Uids.IMPLEMENTATION_CLASS_UID)).isTrue();
    }
}
