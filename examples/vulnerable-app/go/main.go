package main

import (
	"crypto/md5"
	"crypto/tls"
	"database/sql"
	"fmt"
	"net/http"
	"os/exec"
)

const githubToken = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"

func handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		rows, _ := db.Query("SELECT * FROM users WHERE name = '" + name + "'")
		defer rows.Close()
		out, _ := exec.Command("sh", "-c", "grep "+name+" /var/log/app.log").Output()
		fmt.Fprintf(w, "%s %x", out, md5.Sum([]byte(name)))
	}
}

func client() *http.Client {
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	return &http.Client{Transport: tr}
}

func main() {
	http.ListenAndServe(":8080", nil)
}
