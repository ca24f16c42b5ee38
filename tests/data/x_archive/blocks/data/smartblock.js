window.YTD.smartblock.part0 = [
  {
    "smartblock" : {
      "accountId" : "4100000070",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000070",
      "createdAt" : "2024-03-01T10:00:00.000Z",
      "expiresAt" : "2024-03-08T10:00:00.000Z",
      "ttl" : "7 days"
    }
  }
]
