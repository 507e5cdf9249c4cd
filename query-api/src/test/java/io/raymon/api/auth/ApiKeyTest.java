package io.raymon.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    @Test
    void generatesDistinctWellFormedKeysWhoseIdIsReadableAndWhoseHashIsNotTheKey() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ApiKey.Generated key = ApiKey.generate();
            assertThat(ApiKey.idOf(key.key())).isEqualTo(key.id());
            assertThat(ApiKey.hash(key.key())).hasSize(64).doesNotContain(key.key().substring(21));
            keys.add(key.key());
        }
        assertThat(keys).hasSize(1_000);
    }

    @Test
    void rejectsStringsThatAreNotShapedLikeKeys() {
        assertThat(ApiKey.idOf("rmk_0123456789abcdef_" + "A".repeat(42))).isNull();
        assertThat(ApiKey.idOf("rmk_0123456789ABCDEF_" + "A".repeat(43))).isNull();
        assertThat(ApiKey.idOf("rmk_0123456789abcdef_" + "A".repeat(43) + "\n")).isNull();
        assertThat(ApiKey.idOf("")).isNull();
    }

    @Test
    void rolesAllowTheirOwnActionAndAdminAllowsAll() {
        assertThat(Role.READ.allows(Role.READ)).isTrue();
        assertThat(Role.READ.allows(Role.INGEST)).isFalse();
        assertThat(Role.INGEST.allows(Role.READ)).isFalse();
        assertThat(Role.ADMIN.allows(Role.INGEST)).isTrue();
        assertThat(Role.parse("ingest")).isEqualTo(Role.INGEST);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("read, ingest or admin");
    }
}
