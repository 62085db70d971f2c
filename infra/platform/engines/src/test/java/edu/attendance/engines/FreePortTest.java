package edu.attendance.engines;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortTest {

    @Test
    void neverTheSamePortTwiceInOneProcess() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            assertThat(ports.add(FreePort.find())).as("port handed out twice").isTrue();
        }
    }
}
