package io.pulmo.common.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatientIdsTest {

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(emptyValue = "", value = {
            "person12_bacteria_48.jpeg,        person12",
            "person1_virus_6.jpeg,             person1",
            "person1000_bacteria_2931.jpeg,    person1000",
            "IM-0115-0001.jpeg,                IM-0115",
            "NORMAL2-IM-1427-0001.jpeg,        NORMAL2-IM-1427",
            "NORMAL2-IM-0012-0001.jpeg,        NORMAL2-IM-0012",
            "scan_0001.png,                    ''",
            "personX_bacteria_1.jpeg,          ''",
            "IM-0115.jpeg,                     ''",
            "000001 (2).png,                   ''",
    })
    void patientKeyFromKermanyFileNames(String fileName, String expected) {
        if (expected.isEmpty()) {
            assertThat(PatientIds.of(fileName)).isEmpty();
        } else {
            assertThat(PatientIds.of(fileName)).contains(expected);
        }
    }
}
