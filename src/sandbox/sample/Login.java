// Sample servlet scanned for repository-bound sandbox projects (deliberately vulnerable).
import java.io.ObjectInputStream;
import java.security.MessageDigest;
import java.sql.Statement;

public class Login {
    public boolean check(Statement st, String user) throws Exception {
        String q = "SELECT id FROM accounts WHERE user = '" + user + "'";
        return st.executeQuery(q).next();
    }

    public Object restore(java.io.InputStream in) throws Exception {
        return new ObjectInputStream(in).readObject();
    }

    public byte[] digest(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }
}
