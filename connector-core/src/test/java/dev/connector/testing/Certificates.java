package dev.connector.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Generates a CA and a server certificate for localhost, as PEM files PostgreSQL and pgjdbc read. */
public final class Certificates {

    /** Where the files are: the CA (for sslrootcert), the server's certificate and key. */
    public record Files3(Path caCertificate, Path serverCertificate, Path serverKey) {
    }

    private Certificates() {
    }

    public static Files3 generate(Path dir, String caName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name ca = new X500Name("CN=" + caName);
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(ca, BigInteger.ONE,
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), ca,
                    caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509Certificate caCert = sign(caBuilder, caKeys);

            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(ca, BigInteger.TWO,
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)),
                    new X500Name("CN=localhost"), serverKeys.getPublic());
            serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate serverCert = sign(serverBuilder, caKeys);

            Files.createDirectories(dir);
            Files3 files = new Files3(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
            pem(files.caCertificate(), caCert);
            pem(files.serverCertificate(), serverCert);
            pem(files.serverKey(), serverKeys.getPrivate());
            Files.setPosixFilePermissions(files.serverKey(), PosixFilePermissions.fromString("rw-------"));
            return files;
        } catch (Exception e) {
            throw new IllegalStateException("generating certificates failed", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }

    private static void pem(Path file, Object object) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(object);
        }
    }
}
