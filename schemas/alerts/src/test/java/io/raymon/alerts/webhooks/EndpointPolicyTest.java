package io.raymon.alerts.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address literals only: no test here depends on a DNS resolver. */
class EndpointPolicyTest {
    private final EndpointPolicy publicOnly = new EndpointPolicy(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/hook", "http://[::1]/hook", "http://10.1.2.3/", "http://172.16.0.9/",
            "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:10.0.0.1]/", "http://[::127.0.0.1]/",
            "http://224.0.0.1/", "http://255.255.255.255/"})
    void refusesNonPublicAddresses(String url) {
        assertThatThrownBy(() -> publicOnly.check(url)).isInstanceOf(EndpointPolicy.RefusedEndpointException.class)
                .hasMessageContaining("not a public address").hasMessageContaining("RAYMON_WEBHOOK_ALLOW_PRIVATE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "example.com/hook",
            "https://user:secret@example.com/hook", "https://example.com/hook#part", "https:///nohost", "", "http://exa mple.com/"})
    void refusesWhatIsNotAPlainHttpUrl(String url) {
        assertThatThrownBy(() -> publicOnly.check(url)).isInstanceOf(EndpointPolicy.RefusedEndpointException.class);
    }

    @Test
    void credentialsInTheUrlAreNotRepeatedInTheError() {
        assertThatThrownBy(() -> publicOnly.check("https://user:hunter2@example.com/hook"))
                .hasMessageContaining("credentials").hasMessageNotContaining("hunter2");
    }

    @Test
    void acceptsPublicAddressesAndReturnsTheOnesToConnectTo() throws Exception {
        EndpointPolicy.Endpoint endpoint = publicOnly.check("https://93.184.216.34:8443/hooks/raymon?token=abc");
        assertThat(endpoint.addresses()).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(endpoint.redacted()).as("no path or query in logs").isEqualTo("https://93.184.216.34:8443/…");
        assertThat(publicOnly.check("http://[2606:4700:4700::1111]/").addresses()).hasSize(1);
    }

    @Test
    void privateAddressesWhenTheOperatorAllowsThem() throws Exception {
        EndpointPolicy allowPrivate = new EndpointPolicy(true);
        assertThat(allowPrivate.check("http://127.0.0.1:9000/hook").addresses())
                .containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> allowPrivate.check("ftp://127.0.0.1/")).as("still http(s) only")
                .isInstanceOf(EndpointPolicy.RefusedEndpointException.class);
    }
}
