<?php
// JustClick's own PHP sample for UpdateOrderStatus (https://help.justclick.io/archives/592),
// copied verbatim except for the URL, which points at the test server given in
// JUSTCLICK_BASE_URL. Used as the oracle for the request bytes and the response check.
?>
<?php
  // Login to the JustClick system
  $user_rs['user_id'] = 'username';
  // The key for forming a hash. See API section (the link in the bottom right corner of the personal account)
  $user_rs['user_rps_key'] = 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';

  // Forming the data array for transferring to the API
  $send_data = array(
    'bill_id' => '100000',
    'status' => 'sent',
    'date' => '1362254400',
    'rpo' => '10000000000000',
   );
  // Forming the hash to the transmitted data
  $send_data['hash'] = GetHash($send_data, $user_rs);
  // Calling the UpdateOrderStatus API function and decoding the received data
  $resp = json_decode(Send(getenv('JUSTCLICK_BASE_URL') . '/api/UpdateOrderStatus', $send_data));
  // Checking the service response
  if(!CheckHash($resp, $user_rs)){
    echo "Error! The response hash is not true!";
    exit;
  }
  if($resp->error_code == 0)
    echo "The order status is updated: {$resp->error_code}";
  else
    echo "Error code:{$resp->error_code} - description: {$resp->error_text}";

// =========== Functions of sending, receiving and processing a response ============

  // Sending the query to the API service
  function Send($url, $data){
    $ch = curl_init();
    curl_setopt($ch, CURLOPT_URL, $url);
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($data));
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, FALSE);
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true); // outputting the response to the variable
    $res = curl_exec($ch);
    curl_close($ch);
    return $res;
  }
  // Forming the transferred to the API data hash
  function GetHash($params, $user_rs) {
    $params = http_build_query($params);
    $user_id = $user_rs['user_id'];
    $secret = $user_rs['user_rps_key'];
    $params = "$params::$user_id::$secret";
    return md5($params);
  }
  // Checking the received response hash
  function CheckHash($resp, $user_rs) {
    $secret = $user_rs['user_rps_key'];
    $code = $resp->error_code;
    $text = $resp->error_text;
    $hash = md5("$code::$text::$secret");
    if($hash == $resp->hash)
      return true; // the hash is correct
    else
      return false; // the hash is not correct
  }
?>
