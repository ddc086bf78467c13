// Sample client scanned for repository-bound sandbox projects (deliberately vulnerable).
package main

import (
	"crypto/tls"
	"net/http"
	"os/exec"
)

const awsKey = "AKIAIOSFODNN7EXAMPLE"

func client() *http.Client {
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	return &http.Client{Transport: tr}
}

func run(cmd string) error {
	return exec.Command("sh", "-c", cmd).Run()
}
