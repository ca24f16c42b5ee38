window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "4100000002",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000002"
    }
  },
  {
    "following" : {
      "accountId" : "4100000004",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000004"
    }
  },
  {
    "following" : {
      "accountId" : "4100000099",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000099"
    }
  }
]