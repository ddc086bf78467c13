package com.example;

import java.io.InputStream;
import java.io.ObjectInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

public class AccountController {
    private static final String API_TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";

    public ResultSet find(Connection conn, String user) throws Exception {
        Statement stmt = conn.createStatement();
        return stmt.executeQuery("SELECT * FROM accounts WHERE user = '" + user + "'");
    }

    public void backup(String dir) throws Exception {
        Runtime.getRuntime().exec("tar czf backup.tgz " + dir);
    }

    public Object restore(InputStream in) throws Exception {
        ObjectInputStream ois = new ObjectInputStream(in);
        return ois.readObject();
    }

    public byte[] fingerprint(String data) throws Exception {
        return MessageDigest.getInstance("SHA1").digest(data.getBytes());
    }
}
