// Claims
