package dev.xc.testkit.pf;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated pfctl: what it accepts, what it refuses and with which words and exit status. */
class SimulatedPfctlTest {

    private final SimulatedPfctl pf = SimulatedPfctl.enabled();

    private Outcome run(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "/sbin/pfctl";
        System.arraycopy(args, 0, argv, 1, args.length);
        return pf.run(Command.of(argv));
    }

    private Outcome load(String rules) {
        return pf.run(Command.of("/sbin/pfctl", "-a", "xc-rdr", "-f", "-").withStdin(rules));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rdr on em0 inet proto tcp from any to any port 0 -> 10.0.0.2 port 80                | illegal port value 0
            rdr on em0 inet proto tcp from any to any port 70000 -> 10.0.0.2 port 80            | illegal port value 70000
            rdr on em0 inet proto tcp from any to any port 80 -> 10.0.0.2 port 0                | illegal port value 0
            rdr on em0 inet proto tcp from any to any port 8010:8000 -> 10.0.0.2 port 80        | illegal port range 8010:8000
            rdr on em0 inet proto tcp from any to any port nosuch -> 10.0.0.2 port 80           | unknown port nosuch
            rdr on em0 inet proto tcp from any to any port 80 10.0.0.2 port 80                  | syntax error
            rdr on em0 inet proto tcp from any to any port 80                                   | translation rule requires '-> address'
            no rdr on em0 inet proto tcp from any to any port 80 -> 10.0.0.2                    | translation rule with 'no' does not need '->'
            rdr on em0 inet proto tcp from any to any port 80 -> 10.0.0.2 port 80 keep state    | syntax error
            rdr on em0 inet proto tcp from any to any port > 80 -> 10.0.0.2 port 80             | invalid port operator for rdr destination port
            rdr on em0 inet proto icmp from any to any port 80 -> 10.0.0.2 port 80              | dst port only applies to tcp/udp/sctp
            rdr on em0 inet from any to any port 80 -> 10.0.0.2 port 80                         | dst port only applies to tcp/udp/sctp
            rdr on em0 inet proto bogus from any to any port 80 -> 10.0.0.2 port 80             | unknown protocol bogus
            rdr on em0 inet proto tcp from any to any port 80 -> dead:beef::2 port 80           | no translation address with matching address family found.
            rdr on em0 inet6 proto tcp from any to 192.168.1.1 port 80 -> dead:beef::2 port 80  | rule expands to no valid combination
            rdr on em0 proto tcp from any to 192.168.1.1 port 80 -> dead:beef::2 port 80        | no translation address with matching address family found.
            rdr on em0 inet proto tcp from any to web.example port 80 -> 10.0.0.2 port 80       | no IP address found for web.example
            rdr on em0 inet proto tcp from any to any port 65000:65535 -> 10.0.0.2 port 65530:* | illegal port value 66065
            rdr on { em0 inet proto tcp from any to any port 80 -> 10.0.0.2 port 80             | syntax error
            pass in on em0 proto tcp to any port 80                                             | syntax error
            """)
    void refusedRulesNameTheProblemAndChangeNothing(String rule, String message) {
        assertEquals(0, load("rdr on em0 inet proto tcp from any to any port 1 -> 10.0.0.9 port 1\n").exitCode());
        Outcome o = load("# xc\n" + rule + "\n");
        assertEquals(1, o.exitCode());
        assertTrue(o.stderr().startsWith("stdin:2: " + message + "\n"), o.stderr());
        assertTrue(o.stderr().endsWith("\npfctl: Syntax error in config file: pf rules not loaded\n"), o.stderr());
        assertEquals(List.of("rdr on em0 inet proto tcp from any to any port = 1 -> 10.0.0.9 port 1"),
                pf.anchorRules("xc-rdr"));
    }

    @Test
    void eachPortWithoutTcpOrUdpIsItsOwnError() {
        Outcome o = load("rdr on em0 inet proto icmp from any port 7 to any port 80 -> 10.0.0.2 port 80\n");
        assertEquals("""
                stdin:1: src port only applies to tcp/udp/sctp
                stdin:1: dst port only applies to tcp/udp/sctp
                stdin:1: rpool port only applies to tcp/udp/sctp
                pfctl: Syntax error in config file: pf rules not loaded
                """, o.stderr());
    }

    @Test
    void acceptedRulesAreExpandedAsPfStoresThem() {
        Outcome o = load("""
                rdr pass on { em0, igb1 } inet proto { tcp udp } from any to { 192.168.1.1, 192.168.1.2 } port 443:643 -> 10.0.0.2 port 443:*
                rdr on em0 inet6 proto tcp to port http -> dead:beef::2 port 8080
                """);
        assertEquals(0, o.exitCode(), o.stderr());
        List<String> rules = pf.anchorRules("xc-rdr");
        assertEquals(9, rules.size(), rules.toString());
        assertEquals("rdr pass on em0 inet proto tcp from any to 192.168.1.1 port 443:643 -> 10.0.0.2 port 443:643",
                rules.getFirst());
        assertEquals("rdr on em0 inet6 proto tcp from any to any port = 80 -> dead:beef::2 port 8080", rules.getLast());
        Outcome shown = run("-a", "xc-rdr", "-sn");
        assertEquals(String.join("\n", rules) + "\n", shown.stdout());
        assertEquals(0, load("").exitCode());
        assertEquals(List.of(), pf.anchorRules("xc-rdr"));
    }

    @Test
    void tablesAddDeleteShowWithPfctlsFeedbackAndStatuses() {
        Outcome add = run("-t", "xc:network:default", "-T", "add", "10.0.0.3", "10.0.0.2", "10.0.0.0/24");
        assertEquals(new Outcome(0, "", "1 table created.\n3/3 addresses added.\n"), add);
        assertEquals(new Outcome(0, "", "0/1 addresses added.\n"), run("-t", "xc:network:default", "-T", "add",
                "10.0.0.2"));
        assertEquals(new Outcome(0, "   10.0.0.0/24\n   10.0.0.2\n   10.0.0.3\n", ""),
                run("-t", "xc:network:default", "-T", "show"));
        assertEquals(new Outcome(0, "", "1/2 addresses deleted.\n"),
                run("-t", "xc:network:default", "-T", "delete", "10.0.0.2", "10.0.0.9"));
        assertEquals(new Outcome(255, "", "pfctl: Table does not exist.\n"),
                run("-t", "xc:network:nope", "-T", "delete", "10.0.0.2"));
        assertEquals(new Outcome(255, "", "pfctl: Table does not exist.\n"), run("-t", "nope", "-T", "show"));
        assertEquals(2, run("-t", "xc:network:default", "-T", "test", "10.0.0.2").exitCode());
        assertEquals(new Outcome(0, "", ""), run("-q", "-t", "xc:network:default", "-T", "add", "10.0.0.7"));
        assertEquals(List.of("10.0.0.0/24", "10.0.0.3", "10.0.0.7"), pf.table("xc:network:default"));
        Outcome badAddr = run("-t", "xc:network:default", "-T", "add", "10.0.0.256");
        assertEquals(new Outcome(1, "", "no IP address found for 10.0.0.256\n"), badAddr);
        Outcome longName = run("-t", "xc:network:abcdefghijklmnopqrstu", "-T", "add", "10.0.0.2");
        assertEquals(1, longName.exitCode());
        assertTrue(longName.stderr().startsWith("usage: pfctl"), longName.stderr());
    }

    @Test
    void runningAndInfo() {
        assertEquals(new Outcome(0, "Enabled\n", ""), run("-s", "Running"));
        assertEquals(new Outcome(0, "Enabled\n", ""), run("-sR"));
        assertTrue(run("-s", "info").stdout().startsWith("Status: Enabled"));
        SimulatedPfctl off = SimulatedPfctl.disabled();
        assertEquals(new Outcome(1, "Disabled\n", ""), off.run(Command.of("pfctl", "-s", "Running")));
        assertEquals(new Outcome(0, "", "pf enabled\n"), off.run(Command.of("pfctl", "-e")));
        assertEquals(new Outcome(1, "", "pfctl: pf already enabled\n"), off.run(Command.of("pfctl", "-e")));
        assertEquals(new Outcome(1, "", "pfctl: /dev/pf: No such file or directory\n"),
                SimulatedPfctl.notLoaded().run(Command.of("pfctl", "-s", "Running")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -Z                  | pfctl: illegal option -- Z
            -s bogus            | pfctl: Unknown show modifier 'bogus'
            -t x -T bogus       | pfctl: Unknown table command 'bogus'
            -t                  | pfctl: option requires an argument -- t
            -s nat extra        | pfctl: unknown command line argument: extra ...
            -v -s nat           | pfctl (simulated): option -v is not modelled
            -a _x -f -          | pfctl: anchor names beginning with '_' cannot be modified from the command line
            -f /etc/pf.conf     | pfctl (simulated): only -f - (rules on stdin) is modelled, not -f /etc/pf.conf
            -T show             | usage: pfctl [-AdeghMmNnOPqRrvz] [-a anchor] [-D macro=value] [-F modifier]
            """)
    void strictCommandLine(String args, String firstLine) {
        Outcome o = run(args.split(" "));
        assertEquals(1, o.exitCode(), o.stderr());
        assertEquals(firstLine, o.stderr().lines().findFirst().orElse(""));
    }

    @Test
    void anchorFlushAndListing() {
        assertEquals(0, load("rdr on em0 inet proto tcp to port 80 -> 10.0.0.2\n").exitCode());
        assertEquals(new Outcome(0, "  xc-rdr\n", ""), run("-s", "Anchors"));
        assertEquals(new Outcome(0, "", "nat cleared\n"), run("-a", "xc-rdr", "-F", "nat"));
        assertEquals(List.of(), pf.anchorRules("xc-rdr"));
    }

    @Test
    void anInjectedFailureIsAnsweredOnceInsteadOfRunning() {
        pf.failNext(255, "pfctl: Operation not permitted.\n");
        assertEquals(new Outcome(255, "", "pfctl: Operation not permitted.\n"),
                run("-t", "t", "-T", "add", "10.0.0.2"));
        assertEquals(List.of(), pf.table("t"));
        assertEquals(0, run("-t", "t", "-T", "add", "10.0.0.2").exitCode());
    }
}
